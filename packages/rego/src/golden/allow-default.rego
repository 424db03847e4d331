package x

default allow := false

allow if {
	input.method == "GET"
	startswith(input.path, "/public/")
}
