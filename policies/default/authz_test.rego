package cellplane.authz_test

import rego.v1

import data.cellplane.authz

shopper := {"sub": "u-1", "issuer": "demo-idp", "tenant": "t-00001", "roles": ["shopper"], "claims": {}}

admin := {"sub": "u-2", "issuer": "demo-idp", "tenant": "t-00001", "roles": ["admin"], "claims": {}}

viewer := {"sub": "u-3", "issuer": "demo-idp", "tenant": "t-00001", "roles": ["viewer"], "claims": {}}

request(method, path, user) := {
	"method": method,
	"path": path,
	"tenant": "t-00001",
	"user": user,
}

test_public_get_without_token if {
	authz.allow with input as request("GET", "/public/logo.png", null)
}

test_public_head_without_token if {
	authz.allow with input as request("HEAD", "/public/index.html", null)
}

test_public_get_with_other_tenant_token if {
	other := object.union(shopper, {"tenant": "t-00002"})
	authz.allow with input as request("GET", "/public/a", other)
}

test_public_write_denied if {
	not authz.allow with input as request("POST", "/public/a", null)
}

test_read_without_token if {
	authz.allow with input as request("GET", "/catalog/sku-1", null)
}

test_read_with_own_tenant_token if {
	authz.allow with input as request("GET", "/catalog/sku-1", viewer)
}

test_read_tenant_mismatch_denied if {
	other := object.union(viewer, {"tenant": "t-00002"})
	not authz.allow with input as request("GET", "/catalog/sku-1", other)
}

test_write_without_token_denied if {
	not authz.allow with input as request("POST", "/cart", null)
}

test_admin_writes_anywhere if {
	authz.allow with input as request("DELETE", "/orders/1", admin)
}

test_admin_tenant_mismatch_denied if {
	other := object.union(admin, {"tenant": "t-00002"})
	not authz.allow with input as request("PUT", "/orders/1", other)
}

test_shopper_writes_cart if {
	authz.allow with input as request("POST", "/cart", shopper)
}

test_shopper_writes_under_checkout if {
	authz.allow with input as request("PATCH", "/checkout/pay", shopper)
}

test_shopper_write_elsewhere_denied if {
	not authz.allow with input as request("POST", "/orders", shopper)
}

test_prefix_matches_whole_segments_only if {
	not authz.allow with input as request("POST", "/cartography", shopper)
}

test_longest_prefix_decides if {
	roles := {"/cart": ["shopper"], "/cart/items": ["picker"]}
	not authz.allow with input as request("POST", "/cart/items", shopper)
		with data.write_roles as roles
	authz.allow with input as request("POST", "/cart/items/1", object.union(shopper, {"roles": ["picker"]}))
		with data.write_roles as roles
}

test_viewer_write_denied if {
	not authz.allow with input as request("POST", "/cart", viewer)
}

test_unknown_method_denied if {
	not authz.allow with input as request("OPTIONS", "/catalog", admin)
}

test_missing_method_denied if {
	not authz.allow with input as {"path": "/public/a", "tenant": "t-00001"}
}
