// The reference receiver: a minimal hand-written Express + stripe-node webhook endpoint,
// as Stripe's documentation shows it (raw body, constructEvent, switch on the type).
import express from 'express';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
const secret = process.env.STRIPE_WEBHOOK_SECRET;
const app = express();
app.post('/api/webhooks', express.raw({type: 'application/json'}), (req, res) => {
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.get('stripe-signature'), secret);
  } catch {
    res.status(400).send('invalid signature');
    return;
  }
  switch (event.type) {
    case 'customer.created':
      break;
    default:
      break;
  }
  res.json({received: true});
});
const server = app.listen(0, '127.0.0.1', () => console.log(`reference listening on http://127.0.0.1:${server.address().port}`));
