"""The ESMA pipeline for a work unit: the constant's cached context, the stages (screen, approve,
decode, confirm, cascade, validate), the typed conjecture record, family best members and the
classical formulas that make a result *known*."""
