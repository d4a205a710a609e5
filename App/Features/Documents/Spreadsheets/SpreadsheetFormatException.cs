namespace SchoolAssessment.Features.Documents.Spreadsheets;

/// <summary>The file is not a readable Excel workbook; the message is Chinese and meant for the user.</summary>
public sealed class SpreadsheetFormatException(string message, Exception? inner = null) : Exception(message, inner);
