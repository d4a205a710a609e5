using MudBlazor;

namespace SchoolAssessment.Components.Shared;

/// <summary>
/// The one place an interactive page turns a <see cref="CommandOutcome{T}"/> into what the user sees: done is a
/// snackbar, invalid is the fields' messages (returned, shown under the fields) with a snackbar, refused is an
/// error snackbar (the service has recorded it), a conflict is a dialog that says what the other person saved.
/// </summary>
public sealed class OutcomeUi(ISnackbar snackbar, IDialogService dialogs)
{
    public const string RefusedMessage = "无权操作：您的账号不能执行此操作，此次尝试已被记录。";

    /// <summary>Shows the outcome; returns the field errors to show beside the form's fields (none when it succeeded).</summary>
    public Task<IReadOnlyList<FieldError>> ShowAsync<T>(CommandOutcome<T> outcome, string done) => Task.FromResult(Show(outcome, done));

    /// <inheritdoc cref="ShowAsync"/>
    public IReadOnlyList<FieldError> Show<T>(CommandOutcome<T> outcome, string done)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                snackbar.Add(done, Severity.Success);
                return [];
            case OutcomeKind.Refused:
                snackbar.Add(RefusedMessage, Severity.Error);
                return [];
            case OutcomeKind.Conflict:
                // Shown, not awaited: the page marks the field at once; the dialog stays until it is read.
                _ = dialogs.ShowMessageBoxAsync("未保存：他人已先保存", string.Join("\n", outcome.Errors.Select(e => e.Message)), yesText: "知道了");
                return outcome.Errors;
            default:
                snackbar.Add(outcome.Errors.Count == 1 ? outcome.Errors[0].Message : "未保存：请按标出的提示修改后再保存。", Severity.Warning);
                return outcome.Errors;
        }
    }
}
