using SchoolAssessment.Features.Assessments;

namespace SchoolAssessment.Components.Shared;

/// <summary>Each assessment state's colour on the interactive pages, the same in a progress bar, a table and a card.</summary>
public static class StateColours
{
    public static string Of(AssessmentState state) => state switch
    {
        AssessmentState.SelfAssessment => "#757575",
        AssessmentState.Submitted => "#1565C0",
        AssessmentState.OnSite => "#6A1B9A",
        AssessmentState.FeedbackIssued => "#E65100",
        AssessmentState.Rectification => "#A67C00",
        _ => "#2E7D32",
    };
}
