-- The reference workload's schema. Every key starts with tenant_id: a cell
-- holds many tenants and a tenant's rows move together when it is moved.

CREATE TABLE products (
  tenant_id   text    NOT NULL,
  sku         text    NOT NULL,
  name        text    NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents > 0),
  inventory   integer NOT NULL CHECK (inventory >= 0),
  PRIMARY KEY (tenant_id, sku)
);

CREATE TABLE carts (
  tenant_id      text        NOT NULL,
  cart_id        text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  checked_out_at timestamptz,
  order_id       text,
  PRIMARY KEY (tenant_id, cart_id)
);

CREATE TABLE cart_items (
  tenant_id text    NOT NULL,
  cart_id   text    NOT NULL,
  sku       text    NOT NULL,
  quantity  integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (tenant_id, cart_id, sku),
  FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, cart_id),
  FOREIGN KEY (tenant_id, sku) REFERENCES products (tenant_id, sku)
);

CREATE TABLE orders (
  tenant_id   text        NOT NULL,
  order_id    text        NOT NULL,
  cart_id     text        NOT NULL,
  total_cents bigint      NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, order_id),
  UNIQUE (tenant_id, cart_id),
  FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, cart_id)
);

CREATE TABLE order_items (
  tenant_id   text    NOT NULL,
  order_id    text    NOT NULL,
  sku         text    NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  price_cents integer NOT NULL,
  PRIMARY KEY (tenant_id, order_id, sku),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, order_id)
);
