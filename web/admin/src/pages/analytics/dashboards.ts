import type { Permission } from '../../access.js';

/** The dashboards of the analytics section, in the order of their tabs (each its own sub-route). */
export const DASHBOARDS = [
  'return-rate',
  'reasons',
  'resolutions',
  'costs',
  'processing',
  'experience',
  'problem-products',
  'forecast',
  'roi',
] as const;
export type Dashboard = (typeof DASHBOARDS)[number];

/** Processing and the forecast are operations: agents see those too; the rest is for admins and analysts. */
export const DASHBOARD_PERMISSION: Record<Dashboard, Permission> = {
  'return-rate': 'analytics.read',
  reasons: 'analytics.read',
  resolutions: 'analytics.read',
  costs: 'analytics.read',
  processing: 'analytics.operations',
  experience: 'analytics.read',
  'problem-products': 'analytics.read',
  forecast: 'analytics.operations',
  roi: 'analytics.read',
};

/** Which date a dashboard's period means, and so its drill-down's. */
export const DASHBOARD_BASIS: Record<Dashboard, 'ordered' | 'requested'> = {
  'return-rate': 'ordered',
  reasons: 'requested',
  resolutions: 'requested',
  costs: 'requested',
  processing: 'requested',
  experience: 'requested',
  'problem-products': 'ordered',
  forecast: 'requested',
  roi: 'requested',
};
