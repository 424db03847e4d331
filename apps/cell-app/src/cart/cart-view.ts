export interface CartLine {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly priceCents: number;
}

export interface CartView {
  readonly cartId: string;
  readonly items: readonly CartLine[];
  readonly totalCents: number;
  readonly checkedOut: boolean;
  readonly orderId: string | null;
}
