namespace SchoolAssessment.Features.Assessments;

/// <summary>The steps an inspection takes (DOMAIN.md: 自评 → 提交 → 现场评估 → 反馈 → 整改 → 销号).</summary>
public enum AssessmentState
{
    SelfAssessment = 1,
    Submitted = 2,
    OnSite = 3,
    FeedbackIssued = 4,
    Rectification = 5,
    Closed = 6,
}

/// <summary>A move from one state to another, asked for by a person.</summary>
public enum AssessmentCommand
{
    Submit,
    StartOnSite,
    IssueFeedback,
    StartRectification,
    Close,
    Reopen,
}

public static class AssessmentStates
{
    public static string Name(this AssessmentState state) => state switch
    {
        AssessmentState.SelfAssessment => "自评",
        AssessmentState.Submitted => "已提交",
        AssessmentState.OnSite => "现场评估",
        AssessmentState.FeedbackIssued => "已反馈",
        AssessmentState.Rectification => "整改中",
        AssessmentState.Closed => "已销号",
        _ => state.ToString(),
    };

    public static string Name(this AssessmentCommand command) => command switch
    {
        AssessmentCommand.Submit => "提交自评",
        AssessmentCommand.StartOnSite => "开始现场评估",
        AssessmentCommand.IssueFeedback => "出具反馈意见",
        AssessmentCommand.StartRectification => "开始整改",
        AssessmentCommand.Close => "验收销号",
        AssessmentCommand.Reopen => "退回重开",
        _ => command.ToString(),
    };
}
