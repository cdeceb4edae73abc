import type {Handlers} from './generated/app';
import {markSynced, pushToErp} from './erp';

export const handlers: Handlers = {
  endpoints: {
    async sync_status(call) {
      const invoice = await call.stripe.invoices.retrieve(String(call.payload.invoice));
      await pushToErp(invoice.id);
      await markSynced(call.stripe, invoice.id);
      return {status: 'synced'};
    },
  },
  events: {
    'invoice.paid': async (event, context) => {
      await markSynced(context.stripe, event.data.object.id ?? '');
    },
    'invoice.voided': async (event, {stripe}) => {
      await stripe.rawRequest('POST', `/v1/invoices/${event.data.object.id}`, {metadata: {erp: 'void'}});
    },
  },
  jobs: {
    async nightly_reconcile(context) {
      for await (const invoice of context.stripe.invoices.list({status: 'paid'})) {
        await pushToErp(invoice.id);
      }
    },
  },
};
