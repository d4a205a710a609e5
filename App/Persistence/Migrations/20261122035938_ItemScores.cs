using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SchoolAssessment.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ItemScores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ItemScores",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssessmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Scorer = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Judged = table.Column<long>(type: "INTEGER", nullable: true),
                    OverrideScore = table.Column<long>(type: "INTEGER", nullable: true),
                    OverrideReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ItemScores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ItemScores_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ItemScores_AssessmentId_ItemCode_Kind_Scorer",
                table: "ItemScores",
                columns: new[] { "AssessmentId", "ItemCode", "Kind", "Scorer" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ItemScores");
        }
    }
}
