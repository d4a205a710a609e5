namespace SchoolAssessment.Features.Accounts;

/// <summary>The roles of the app. The string values are the Identity role names.</summary>
public static class AppRole
{
    public const string Administrator = "Administrator";
    public const string Supervisor = "Supervisor";
    public const string SchoolLeader = "SchoolLeader";
    public const string SchoolStaff = "SchoolStaff";
    public const string Evaluator = "Evaluator";

    public static readonly IReadOnlyList<string> All = [Administrator, Supervisor, SchoolLeader, SchoolStaff, Evaluator];

    /// <summary>Roles that act for one school and so need one.</summary>
    public static bool NeedsSchool(string role) => role is Supervisor or SchoolLeader or SchoolStaff;

    public static string Name(string? role) => role switch
    {
        Administrator => "系统管理员",
        Supervisor => "上级主管（督导）",
        SchoolLeader => "学校领导",
        SchoolStaff => "学校工作人员",
        Evaluator => "评估专家",
        _ => "未分配角色",
    };
}
