import type {Handlers} from './generated/app';
import {adminStripe} from './stripe';
import {sendDigest} from './digest';

export const handlers: Handlers = {
  endpoints: {
    async acknowledge(call) {
      const customer = await call.stripe.customers.retrieve(call.payload.customer as string);
      return {ok: !('deleted' in customer)};
    },
  },
  events: {
    async 'customer.deleted'(event) {
      // Uses a client made from the environment instead of the one it is given.
      await adminStripe.customers.update(event.data.object.id, {metadata: {}});  //~ E0701 `customers.update`
    },
  },
  jobs: {
    digest: sendDigest,
  },
};
