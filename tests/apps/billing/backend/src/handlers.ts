import type {Handlers} from './generated/app';

export const handlers: Handlers = {
  endpoints: {
    async summary(call) {
      const customer = await call.stripe.customers.retrieve(call.payload.customer as string);
      // A call on the app owner's own account the endpoint does not declare.
      const balance = await call.platform.balance.retrieve();  //~ E0705 `balance.retrieve`
      return {ok: !('deleted' in customer), available: balance.available.length};
    },
  },
  events: {
    async 'invoice.paid'(event, context) {
      const invoice = await context.stripe.invoices.retrieve(event.data.object.id, {expand: ['customer']});  //~ E0704 expands `customer` of `invoices.retrieve`
      // Billed on the owner's account: compared with `platform calls`, not `calls`.
      await context.platform.invoiceItems.create({customer: 'cus_owner', amount: invoice.total, currency: 'usd'});
    },
  },
  jobs: {
    async rollup(context) {
      // Chosen at run time: the declared expansion is not reported as unused.
      const fields = process.env.ROLLUP_EXPAND === '1' ? ['data.customer'] : [];
      await context.stripe.invoices.list({limit: 10, expand: fields});  //~ W0705 `expand` list chosen at run time
    },
  },
};
