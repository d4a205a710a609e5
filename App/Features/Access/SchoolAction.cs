namespace SchoolAssessment.Features.Access;

/// <summary>What a user may try to do with a school. Later features add their actions here.</summary>
public enum SchoolAction
{
    View,
    Edit,
    CreateChild,
    Move,

    /// <summary>Enter and change the school's yearly indicators.</summary>
    EnterData,

    /// <summary>Run evaluation rounds (评估轮次) over the school's subtree: create them, add schools, schedule, send teams.</summary>
    ManageRounds,
}
