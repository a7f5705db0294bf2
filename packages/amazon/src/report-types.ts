/**
 * Report types in common use (developer-docs: report-type-values), with the
 * format of their document and whether it holds buyers' personal data (then
 * the document needs a restricted data token).
 */
export interface ReportType {
  reportType: string;
  description: string;
  format: 'tsv' | 'json' | 'xml';
  /** Takes dataStartTime/dataEndTime. */
  dateRange: boolean;
  personalData: boolean;
}

export const COMMON_REPORT_TYPES: ReportType[] = [
  { reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA', description: 'All listings (active and inactive) with price, quantity, ASIN and status', format: 'tsv', dateRange: false, personalData: false },
  { reportType: 'GET_MERCHANT_LISTINGS_DATA', description: 'Active listings', format: 'tsv', dateRange: false, personalData: false },
  { reportType: 'GET_MERCHANT_LISTINGS_INACTIVE_DATA', description: 'Inactive listings', format: 'tsv', dateRange: false, personalData: false },
  { reportType: 'GET_MERCHANTS_LISTINGS_FYP_REPORT', description: 'Suppressed listings and why', format: 'tsv', dateRange: false, personalData: false },
  { reportType: 'GET_FLAT_FILE_OPEN_LISTINGS_DATA', description: 'Inventory: SKU, ASIN, price and quantity of open listings', format: 'tsv', dateRange: false, personalData: false },
  { reportType: 'GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA', description: 'FBA inventory: fulfillable, inbound, reserved and unsellable units per SKU', format: 'tsv', dateRange: false, personalData: false },
  { reportType: 'GET_AFN_INVENTORY_DATA', description: 'FBA inventory by SKU and condition (Amazon-fulfilled)', format: 'tsv', dateRange: false, personalData: false },
  { reportType: 'GET_RESTOCK_INVENTORY_RECOMMENDATIONS_REPORT', description: 'Restock recommendations for FBA', format: 'tsv', dateRange: false, personalData: false },
  { reportType: 'GET_LEDGER_SUMMARY_VIEW_DATA', description: 'FBA inventory ledger summary (receipts, shipments, adjustments)', format: 'tsv', dateRange: true, personalData: false },
  { reportType: 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL', description: 'All orders placed in the date range, with items and prices (no buyer data)', format: 'tsv', dateRange: true, personalData: false },
  { reportType: 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL', description: 'All orders updated in the date range', format: 'tsv', dateRange: true, personalData: false },
  { reportType: 'GET_AMAZON_FULFILLED_SHIPMENTS_DATA_GENERAL', description: 'FBA shipments with buyer and address data (restricted)', format: 'tsv', dateRange: true, personalData: true },
  { reportType: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', description: 'FBA customer returns with reasons', format: 'tsv', dateRange: true, personalData: false },
  { reportType: 'GET_FBA_ESTIMATED_FBA_FEES_TXT_DATA', description: 'Estimated FBA fees per SKU', format: 'tsv', dateRange: false, personalData: false },
  { reportType: 'GET_SALES_AND_TRAFFIC_REPORT', description: 'Sales and traffic (sessions, page views, units, sales) by date and ASIN', format: 'json', dateRange: true, personalData: false },
];

export function reportTypeInfo(reportType: string): ReportType | undefined {
  return COMMON_REPORT_TYPES.find((type) => type.reportType === reportType);
}
