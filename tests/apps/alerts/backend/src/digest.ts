import type {JobContext} from './generated/app';

export async function sendDigest(context: JobContext<any>) {
  const stripe = context.forAccount(process.env.DIGEST_ACCOUNT ?? '');
  const invoices = await stripe.invoices.list({status: 'open'});
  // A method chosen at run time.
  const kind = invoices.data.length > 0 ? 'customers' : 'subscriptions';
  await stripe[kind].list();  //~ W0705 chooses its Stripe method at run time
}
