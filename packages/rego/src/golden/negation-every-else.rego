package x

ok if {
	not input.blocked
	every p in input.ports { p > 1024 }
}

level := "high" if input.score > 80 else := "low"
