// The shared values every feature speaks in (App/Shared): FieldError, Paged<T>, CommandOutcome<T>.
global using SchoolAssessment.Shared;
