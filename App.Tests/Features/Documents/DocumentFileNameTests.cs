using SchoolAssessment.Features.Documents;

namespace SchoolAssessment.Tests.Features.Documents;

public class DocumentFileNameTests
{
    [Fact]
    public void Parts_are_joined_and_what_a_file_name_may_not_hold_is_left_out() =>
        Assert.Equal("评分表-城关镇党校-2025-乡镇(街道)党校六个有规范化建设标准.xlsx",
            DocumentFileName.Of("xlsx", "评分表", "城关镇党校", 2025, "乡镇(街道)党校\"六个有\"规范化建设标准"));

    [Fact]
    public void Separators_and_control_characters_cannot_reach_another_folder() =>
        Assert.Equal("达标情况-....etcpasswd-2025.pdf", DocumentFileName.Of("pdf", "达标情况", "../../etc/passwd\n", 2025));
}
