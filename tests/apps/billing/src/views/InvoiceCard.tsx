import {useEffect} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {stripe, summary} from '../generated/InvoiceCard';

// Options kept in a constant: their `expand` is followed.
const RECENT = {limit: 3, expand: ['data.customer']};

export default function InvoiceCard({environment}: ExtensionContextValue) {
  const id = environment.objectContext?.id ?? '';
  useEffect(() => {
    void stripe.invoices.retrieve(id, {expand: ['customer']});
    void stripe.invoices.list(RECENT);
    // Expands a path the view does not declare for invoices.list.
    void stripe.rawRequest('GET', '/v1/invoices', {expand: ['data.application']});  //~ E0704 expands `data.application` of `invoices.list`
    void summary({customer: id});
  }, [id]);
  return null;
}
