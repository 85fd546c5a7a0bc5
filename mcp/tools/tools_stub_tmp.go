package tools

var messageMoreSpecs, reactionSpecs, pinSpecs, pollSpecs []*spec
