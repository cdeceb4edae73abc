import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {SettingsView, TextField} from '@stripe/ui-extension-sdk/ui';
import {getDashboardUserEmail} from '@stripe/ui-extension-sdk/utils';
import {useEffect, useState} from 'react';

const SETTINGS_URL = 'https://api.alerts.example.com/v1/settings';

export default function Settings({environment}: ExtensionContextValue) {
  const [email, setEmail] = useState('');
  useEffect(() => {
    getDashboardUserEmail().then(({email}) => setEmail(email));
    fetch(`${SETTINGS_URL}?mode=${environment.mode}`);
    fetch(`https://hooks.example.net/notify`, {method: 'POST'});  //~ E0702 hooks.example.net
    fetch(environment.constants?.WEBHOOK as string);  //~ W0705 not known before run time
  }, []);
  return (
    <SettingsView onSave={() => undefined}>
      <TextField label="Notify" defaultValue={email} />
    </SettingsView>
  );
}
