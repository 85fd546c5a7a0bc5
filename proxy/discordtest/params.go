package discordtest

import (
	"strconv"
)

// snowflake reads a path parameter as a snowflake; Discord answers a bad
// one with 50035 naming the parameter.
func (c *call) snowflake(name string) (Snowflake, *apiError) {
	v := c.param(name)
	id, ok := ParseSnowflake(v)
	if !ok {
		return 0, formError("NUMBER_TYPE_COERCE", "Value \""+v+"\" is not snowflake.", name)
	}
	return id, nil
}

// snowflakeQuery reads an optional snowflake query parameter (0 if absent).
func (c *call) snowflakeQuery(name string) (Snowflake, *apiError) {
	args := c.ctx.QueryArgs()
	if !args.Has(name) {
		return 0, nil
	}
	v := string(args.Peek(name))
	id, ok := ParseSnowflake(v)
	if !ok {
		return 0, formError("NUMBER_TYPE_COERCE", "Value \""+v+"\" is not snowflake.", name)
	}
	return id, nil
}

// intQuery reads an optional integer query parameter within [lo, hi],
// with Discord's error codes for each way it can be wrong.
func (c *call) intQuery(name string, def, lo, hi int) (int, *apiError) {
	args := c.ctx.QueryArgs()
	if !args.Has(name) {
		return def, nil
	}
	v := string(args.Peek(name))
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return 0, formError("NUMBER_TYPE_COERCE", "Value \""+v+"\" is not int.", name)
	case n < lo:
		return 0, formError("NUMBER_TYPE_MIN", "int value should be greater than or equal to "+strconv.Itoa(lo)+".", name)
	case n > hi:
		return 0, formError("NUMBER_TYPE_MAX", "int value should be less than or equal to "+strconv.Itoa(hi)+".", name)
	}
	return n, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
