package route

import "iter"

// Published yields every method and template of Discord's published route
// list, in the generated order, so a test double can prove it covers (or
// knowingly refuses) each one.
func Published() iter.Seq2[string, string] {
	return func(yield func(method, template string) bool) {
		for _, row := range templates {
			for i, name := range methodNames {
				if row.methods&(1<<i) != 0 && !yield(name, row.template) {
					return
				}
			}
		}
	}
}
