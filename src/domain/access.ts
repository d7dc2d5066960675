/** Staff roles and what each may do: the one policy table every route is checked against. */
/** `store`: staff at a shop's own store, who take returns back over the counter (and nothing else). */
export const STAFF_ROLES = ['admin', 'agent', 'warehouse', 'analyst', 'store'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PERMISSIONS = {
  'returns.read': ['admin', 'agent', 'warehouse', 'analyst'],
  'returns.create': ['admin', 'agent'],
  'returns.review': ['admin', 'agent'],
  'returns.hold': ['admin', 'agent', 'warehouse'],
  'returns.receive': ['admin', 'agent', 'warehouse'],
  'returns.inspect': ['admin', 'warehouse'],
  'returns.settle': ['admin', 'agent'],
  'returns.note': ['admin', 'agent', 'warehouse'],
  'returns.message': ['admin', 'agent'],
  'returns.close': ['admin', 'agent'],
  'returns.export': ['admin', 'agent', 'analyst'],
  'orders.read': ['admin', 'agent', 'warehouse', 'analyst'],
  'orders.import': ['admin', 'agent'],
  'customers.read': ['admin', 'agent', 'analyst'],
  'customers.manage': ['admin', 'agent'],
  'policy.read': ['admin', 'agent', 'analyst'],
  'policy.manage': ['admin'],
  'automation.manage': ['admin'],
  'policy.simulate': ['admin', 'analyst'],
  'policy.exceptions': ['admin', 'agent'],
  'catalog.read': ['admin', 'agent', 'warehouse', 'analyst', 'store'],
  // Products, variants and categories not owned by a connected platform.
  'catalog.manage': ['admin'],
  // Shop platforms and marketplaces: credentials, sync now, what syncs which way.
  'connections.manage': ['admin'],
  // The store counter: find an order, take items back, grade them, refund, print a receipt.
  'store.returns': ['admin', 'store'],
  'reasons.read': ['admin', 'agent', 'warehouse', 'analyst'],
  'reasons.manage': ['admin'],
  'warehouses.read': ['admin', 'agent', 'warehouse', 'analyst'],
  'warehouses.manage': ['admin'],
  'dispositions.manage': ['admin'],
  'stock.read': ['admin', 'agent', 'warehouse', 'analyst'],
  'stock.adjust': ['admin', 'warehouse'],
  'settings.read': ['admin', 'agent', 'warehouse', 'analyst'],
  'settings.manage': ['admin'],
  'staff.manage': ['admin'],
  'api_keys.manage': ['admin'],
  'payments.manage': ['admin'],
  'carriers.manage': ['admin'],
  'finance.read': ['admin', 'analyst'],
  'credit.read': ['admin', 'agent', 'analyst'],
  'credit.manage': ['admin', 'agent'],
  // The shop's checkout (an API key) redeems codes; staff may do it by hand.
  'credit.redeem': ['admin', 'agent'],
  'webhooks.manage': ['admin'],
  // E-mails hold shoppers' addresses and credit codes: not for the warehouse or analysts.
  'emails.read': ['admin', 'agent'],
  'emails.resend': ['admin', 'agent'],
  'exchanges.read': ['admin', 'agent', 'warehouse', 'analyst'],
  // The shop's fulfilment (an API key) or the warehouse sends exchange orders out.
  'exchanges.fulfil': ['admin', 'agent', 'warehouse'],
  // Claims with carriers for parcels lost or damaged on the way: the warehouse sees damage on
  // arrival and files too; what the carrier decided (and paid) is recorded by agents and admins.
  'claims.file': ['admin', 'agent', 'warehouse'],
  'claims.decide': ['admin', 'agent'],
  // The analytics dashboards: sales, reasons, money and customers are for admins and analysts;
  // agents see the operations ones (processing times, the forecast of what comes in) and the
  // returns behind those figures.
  'analytics.read': ['admin', 'analyst'],
  'analytics.operations': ['admin', 'agent', 'analyst'],
  // Fraud and abuse: scores, linked accounts and the lists hold suspicions about people, so the
  // warehouse and the store do not read them; a person reviewing a score (GDPR Art. 22) is an agent
  // or admin; the weights and the marketing-suppression export (personal data leaving) are admin's.
  'risk.read': ['admin', 'agent', 'analyst'],
  'risk.review': ['admin', 'agent'],
  'risk.lists': ['admin', 'agent'],
  'risk.manage': ['admin'],
  'risk.export': ['admin'],
  // The access log: who opened which return or customer and what was exported. It is personal data
  // of the staff in it and tells where the shop's data went: admin's alone.
  'audit.read': ['admin'],
  // A shopper's rights over their data (GDPR): everything held about them exported, or erased.
  // Both hand over or destroy a whole person's data at once: admin's alone.
  'privacy.manage': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}
