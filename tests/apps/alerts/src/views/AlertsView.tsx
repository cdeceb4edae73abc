import {useEffect, useState} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {Box, Button, ContextView} from '@stripe/ui-extension-sdk/ui';
import {acknowledge} from '../generated/AlertsView';
import {client} from '../lib/stripeClient';
import {loadCustomer, openInvoices} from '../lib/customers';
import {alertsUrl} from '../lib/api';
// Only a type: admin.ts is never loaded by this view, so its calls are not this view's.
import type {AdminTools} from '../lib/admin';
import {fetch as fetchWithRetry} from '../lib/retry';

type Alert = {id: string; message: string};

const AlertsView = ({environment}: ExtensionContextValue) => {
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const customerId = environment.objectContext?.id ?? '';

  useEffect(() => {
    loadCustomer(client, customerId).then(() => undefined);
    // A prefix the view declares: not reported.
    fetchWithRetry(alertsUrl(environment.constants?.API_BASE as string, customerId))
      .then((r) => r.json())
      .then(setAlerts);
  }, [customerId]);

  const ack = async (id: string) => {
    await acknowledge({environment} as ExtensionContextValue, {alert: id});
    await openInvoices(client, customerId);
  };

  const tools: AdminTools | undefined = undefined;
  return (
    <ContextView title="Alerts">
      <Box>{tools === undefined && alerts.map((a) => <Button key={a.id} onPress={() => ack(a.id)}>{a.message}</Button>)}</Box>
    </ContextView>
  );
};

export default AlertsView;
