/** Lender and product kinds of the synthetic book (the values of institutions.kind and products.kind). */
export const LENDER_KINDS = ['bank', 'consumer_finance', 'microlender', 'online_platform'] as const;
export type LenderKind = (typeof LENDER_KINDS)[number];
export type ByLenderKind<T> = Record<LenderKind, T>;

export const PRODUCT_KINDS = ['cash_loan', 'consumer_installment', 'credit_card_installment'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export const REPAYMENT_METHODS = ['equal_installment', 'equal_principal', 'interest_only', 'flat', 'bullet'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

/**
 * How a product states its price: irr (true annualized IRR incl. fees, PBOC 〔2021〕 No. 3),
 * irr_excluding_fees (labelled IRR but leaves the monthly fee out: a finding), flat (flat rate on
 * the original principal), daily (daily-rate headline × 360), nominal (contract rate, fees left out).
 */
export const DISCLOSURES = ['irr', 'irr_excluding_fees', 'flat', 'daily', 'nominal'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];
