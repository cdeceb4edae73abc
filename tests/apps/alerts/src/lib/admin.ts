import Stripe from 'stripe';

const stripe = new Stripe('sk_test_admin');
export type AdminTools = {purge(): Promise<void>};

// Module code: would run if a view loaded this file. None does.
stripe.customers.del('cus_example');
