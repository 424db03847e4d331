# The demo's authorization policy, evaluated by every gateway at
# cellplane/authz/allow. Only a boolean true allows; anything the rules
# below do not allow is denied (default allow := false).
package cellplane.authz

import rego.v1

default allow := false

reads := {"GET", "HEAD"}

writes := {"POST", "PUT", "PATCH", "DELETE"}

# Public pages are open to everyone, with or without a token.
allow if {
	input.method in reads
	startswith(input.path, "/public/")
}

# Other reads: the route already decided whether a token is needed, so the
# policy only refuses a token issued for another tenant.
allow if {
	input.method in reads
	not startswith(input.path, "/public/")
	not tenant_mismatch
}

# Writes need a verified token of the routed tenant with the admin role or
# a role listed for the longest matching path prefix in data.write_roles.
allow if {
	input.method in writes
	input.user.tenant == input.tenant
	some role in input.user.roles
	role_may_write(role)
}

tenant_mismatch if {
	input.user.tenant != input.tenant
}

role_may_write("admin") := true

role_may_write(role) if {
	role in data.write_roles[longest_prefix]
}

# The longest prefix of data.write_roles that the path falls under: the
# prefix itself, or the prefix followed by a slash.
longest_prefix := prefix if {
	some prefix in write_prefixes
	every other in write_prefixes {
		count(other) <= count(prefix)
	}
}

write_prefixes contains prefix if {
	some prefix, _ in data.write_roles
	under(input.path, prefix)
}

under(path, prefix) if path == prefix

under(path, prefix) if startswith(path, concat("", [prefix, "/"]))
