export {alertsUrl} from './urls';
