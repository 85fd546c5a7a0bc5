package mcp

// OpenSessions is the number of live MCP sessions, for metrics.
func (s *Server) OpenSessions() int {
	s.sessions.mu.Lock()
	defer s.sessions.mu.Unlock()
	return len(s.sessions.m)
}
