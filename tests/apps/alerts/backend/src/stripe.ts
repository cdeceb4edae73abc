import Stripe from 'stripe';

export const adminStripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '');  //~ W0704 outside the generated helpers
