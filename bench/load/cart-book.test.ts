import { describe, expect, it } from 'vitest';

import { CartBook } from './cart-book';

describe('CartBook', () => {
  it('hands out the oldest open cart first, once', () => {
    const book = new CartBook();
    book.remember('t-1', 'c-1');
    book.remember('t-2', 'c-2');

    expect(book.cartOf('t-2')).toBe('c-2');
    expect(book.takeOldest()).toEqual({ tenantId: 't-1', cartId: 'c-1' });
    expect(book.takeOldest()).toEqual({ tenantId: 't-2', cartId: 'c-2' });
    expect(book.takeOldest()).toBeUndefined();
  });

  it('forgets the oldest cart beyond its capacity', () => {
    const book = new CartBook(2);
    book.remember('t-1', 'c-1');
    book.remember('t-2', 'c-2');
    book.remember('t-1', 'c-1');
    book.remember('t-3', 'c-3');

    expect(book.cartOf('t-2')).toBeUndefined();
    expect(book.takeOldest()).toEqual({ tenantId: 't-1', cartId: 'c-1' });
  });
});
