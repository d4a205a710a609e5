namespace SchoolAssessment.Features.Accounts;

/// <summary>
/// Lines for the person who started the app, written to its console only, never to the logs (which are kept
/// and shipped): a one-time password is shown there once.
/// </summary>
public class OperatorConsole
{
    public virtual void Show(string line) => Console.Out.WriteLine(line);
}
