using System.Net;

namespace SchoolAssessment.Tests.Features.Access;

/// <summary>
/// An interactive page's command, as the access matrix reads a response: refused is 403 carrying whatever the
/// outcome held (a refusal must hold nothing of the school), invalid 400, a conflict 409, done 200.
/// </summary>
internal static class CommandResponses
{
    public static async Task<HttpResponseMessage> Of<T>(Task<CommandOutcome<T>> command)
    {
        var outcome = await command;
        var status = outcome.Kind switch
        {
            OutcomeKind.Refused => HttpStatusCode.Forbidden,
            OutcomeKind.Invalid => HttpStatusCode.BadRequest,
            OutcomeKind.Conflict => HttpStatusCode.Conflict,
            _ => HttpStatusCode.OK,
        };
        var text = outcome.Refused ? $"无权访问 {outcome.Value}" : $"{outcome.Value} {string.Join("；", outcome.Errors.Select(e => e.Message))}";
        return new HttpResponseMessage(status) { Content = new StringContent(text) };
    }
}
