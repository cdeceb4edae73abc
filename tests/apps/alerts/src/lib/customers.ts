import type Stripe from 'stripe';

export async function loadCustomer(stripe: Stripe, id: string) {
  return stripe.customers.retrieve(id);
}

export async function openInvoices(stripe: Stripe, customer: string) {
  return stripe.invoices.list({customer, status: 'open'});  //~ E0701 `invoices.list`
}

// Never called by any view: dead code, not reported.
export async function removeCustomer(stripe: Stripe, id: string) {
  return stripe.customers.del(id);
}
