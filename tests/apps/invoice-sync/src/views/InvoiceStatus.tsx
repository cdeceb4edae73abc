import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {Badge, Button, ContextView} from '@stripe/ui-extension-sdk/ui';
import {useState} from 'react';
import * as helpers from '../generated/InvoiceStatus';
import {StatusBadge} from '../shared/StatusBadge';
import {statusUrl} from '../shared/erp';

const InvoiceStatus = (context: ExtensionContextValue) => {
  const {environment} = context;
  const [status, setStatus] = useState('unknown');
  const invoiceId = environment.objectContext?.id;

  const refresh = async () => {
    if (invoiceId === undefined) return;
    const invoice = await helpers.stripe.invoices.retrieve(invoiceId);
    // The view's `fetch` helper: an exact declared URL with a query string.
    const res = await helpers.fetch(statusUrl(context, invoice.id) as helpers.FetchUrl);
    setStatus(((await res.json()) as {status: string}).status);
  };

  return (
    <ContextView title="ERP sync">
      <StatusBadge status={status} onSync={() => helpers.syncStatus(context, {invoice: invoiceId ?? ''})} />
      <Button onPress={refresh}>Refresh</Button>
      <Badge label={status} />
    </ContextView>
  );
};

export default InvoiceStatus;
