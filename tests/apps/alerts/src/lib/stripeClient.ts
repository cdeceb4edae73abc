import Stripe from 'stripe';
import {STRIPE_API_KEY, createHttpClient} from '@stripe/ui-extension-sdk/http_client';

// The app's own client, as Stripe's samples build it.
export const client = new Stripe(STRIPE_API_KEY, {  //~ W0704 outside the generated helpers
  httpClient: createHttpClient() as Stripe.HttpClient,
  apiVersion: '2026-10-28.endive' as Stripe.LatestApiVersion,
});
