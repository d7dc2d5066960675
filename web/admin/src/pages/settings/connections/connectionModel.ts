/** Shop connections, their sync runs and errors as the API gives them. */
export type {
  ConnectionCheck,
  ShopConnection,
  ShopConnectionList,
  ShopConnectionSettingsBody,
  SyncErrorList,
  SyncRun,
  SyncRunList,
} from '../../../../../../src/http/routes/catalog/connections/schema.js';
