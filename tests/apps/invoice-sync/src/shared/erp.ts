import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';

// The host comes from the app's `constant ERP_HOST`.
export const statusUrl = ({environment}: ExtensionContextValue, id: string) =>
  `https://${environment.constants?.ERP_HOST}/api/status?invoice=${id}`;
