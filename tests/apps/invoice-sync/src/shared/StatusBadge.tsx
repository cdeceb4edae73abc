import {Badge, Button, Box} from '@stripe/ui-extension-sdk/ui';

type Props = {status: string; onSync: () => Promise<unknown>};

export function StatusBadge({status, onSync}: Props) {
  return (
    <Box>
      <Badge label={status} />
      <Button onPress={() => onSync()}>Sync now</Button>
    </Box>
  );
}
