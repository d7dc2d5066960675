/** Webhook endpoints and failed deliveries as the API lists them. */
export interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  secretHint: string;
  enabled: boolean;
  disabledReason: string | null;
  lastSuccessAt: string | null;
}
export interface Delivery {
  id: string;
  endpointId: string;
  eventType: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}
