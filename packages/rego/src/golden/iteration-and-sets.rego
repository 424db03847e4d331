package x

roles contains r if {
	some r in input.roles
	r != "guest"
}

admins := [u | some u in input.users; u.admin]
