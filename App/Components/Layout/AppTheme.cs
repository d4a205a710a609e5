using MudBlazor;

namespace SchoolAssessment.Components.Layout;

/// <summary>The interactive pages' theme: the Party school's red on ivory, set in the shipped Noto Sans SC.</summary>
public static class AppTheme
{
    private static readonly string[] Font = ["Noto Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#B71C1C",
            PrimaryDarken = "#8E1515",
            PrimaryLighten = "#D84343",
            Secondary = "#A67C00",
            Tertiary = "#5D4037",
            AppbarBackground = "#B71C1C",
            AppbarText = "#FFFDF5",
            Background = "#FBF7EE",
            Surface = "#FFFFFF",
            DrawerBackground = "#FFFAF0",
            DrawerText = "#3E2723",
            DrawerIcon = "#8E1515",
            TextPrimary = "#2B2118",
            TextSecondary = "#6D5D4B",
            Success = "#2E7D32",
            Warning = "#E08E0B",
            Error = "#C62828",
            Info = "#1565C0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Font },
            H1 = new H1Typography { FontFamily = Font, FontSize = "1.75rem", FontWeight = "700" },
            H2 = new H2Typography { FontFamily = Font, FontSize = "1.4rem", FontWeight = "700" },
            H3 = new H3Typography { FontFamily = Font, FontSize = "1.2rem", FontWeight = "700" },
            // Buttons say "Excel", "PDF" as written: Material's capitals would turn 导入（Excel） into 导入（EXCEL）.
            Button = new ButtonTypography { FontFamily = Font, TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
