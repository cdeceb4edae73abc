// The load generator: `node load.mjs URL COUNT CONCURRENCY SECRET`. Signs COUNT distinct
// customer.created events up front (so that signing costs the measurement nothing), sends
// them over COUNT / CONCURRENCY keep-alive connections and prints one JSON line:
// {count, seconds, rate, statuses}.
import {createHmac} from 'node:crypto';
import {Agent, request} from 'node:http';

const [url, countArg, concurrencyArg, secret] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const target = new URL(url);
const run = `${process.pid}_${Date.now()}`;
const t = Math.floor(Date.now() / 1000);
const deliveries = [];
for (let i = 0; i < count; i += 1) {
  const body = JSON.stringify({
    id: `evt_bench_${run}_${i}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: t,
    livemode: false,
    type: 'customer.created',
    data: {object: {id: `cus_bench_${i}`, object: 'customer'}},
  });
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  deliveries.push([Buffer.from(body), `t=${t},v1=${v1}`]);
}
const agent = new Agent({keepAlive: true, maxSockets: concurrency});
const statuses = {};
let next = 0;
function one() {
  const i = next++;
  if (i >= count) {
    return Promise.resolve();
  }
  const [body, signature] = deliveries[i];
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Content-Length': body.length, 'Stripe-Signature': signature},
      },
      (res) => {
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(body);
  }).then(one);
}
const started = process.hrtime.bigint();
await Promise.all(Array.from({length: concurrency}, one));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();
console.log(JSON.stringify({count, seconds, rate: count / seconds, statuses}));
