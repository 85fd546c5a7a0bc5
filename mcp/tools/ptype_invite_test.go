package tools

import "strings"

func (inviteCodeT) badValues() []string {
	return []string{`""`, `".."`, `"a/b"`, `"a?b=c"`, `"a%2Fb"`, `"` + strings.Repeat("a", maxInviteCode+1) + `"`, `7`, `null`}
}

func (inviteCodeT) goodValue() string { return `"emuAbc-1"` }
