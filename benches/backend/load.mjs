// The load generator: `node load.mjs URL COUNT CONCURRENCY SECRET`. Signs COUNT distinct
// customer.created events up front (so that signing costs the measurement nothing), sends
// them over CONCURRENCY keep-alive connections and prints one JSON line:
// {count, seconds, rate, statuses}.
import {createHmac} from 'node:crypto';
import {connect} from 'node:net';

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
// Raw keep-alive sockets with requests serialised up front: node's http client would cost
// more CPU than the servers measured, and the load generator would be what is measured.
const requests = deliveries.map(([body, signature]) =>
  Buffer.concat([
    Buffer.from(
      `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nStripe-Signature: ${signature}\r\n\r\n`,
    ),
    body,
  ]),
);
const statuses = {};
let next = 0;

/** One connection: sends a request, reads its whole answer (Content-Length), sends the next. */
function connection() {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname);
    socket.setNoDelay(true);
    let buffered = Buffer.alloc(0);
    const send = () => {
      const i = next++;
      if (i >= count) {
        socket.end();
        resolve();
        return;
      }
      socket.write(requests[i]);
    };
    socket.on('connect', send);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) {
          return;
        }
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) {
          return;
        }
        const status = head.slice(9, 12);
        statuses[status] = (statuses[status] ?? 0) + 1;
        buffered = buffered.subarray(end + 4 + length);
        send();
      }
    });
  });
}
const started = process.hrtime.bigint();
await Promise.all(Array.from({length: concurrency}, connection));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({count, seconds, rate: count / seconds, statuses}));
