using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SchoolAssessment.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RoundsAndStandings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RoundId",
                table: "Assessments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ScheduledOn",
                table: "Assessments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EvaluationRounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StandardId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerSchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationRounds_Schools_OwnerSchoolId",
                        column: x => x.OwnerSchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SchoolResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    StandardId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Total = table.Column<long>(type: "INTEGER", nullable: false),
                    Max = table.Column<long>(type: "INTEGER", nullable: false),
                    GradeCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    GradeName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    VetoFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemsMissing = table.Column<int>(type: "INTEGER", nullable: false),
                    Dimensions = table.Column<string>(type: "TEXT", nullable: false),
                    ComputedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolResults_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SchoolItemResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolResultId = table.Column<long>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    StandardId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Score = table.Column<long>(type: "INTEGER", nullable: false),
                    Lost = table.Column<long>(type: "INTEGER", nullable: false),
                    Met = table.Column<bool>(type: "INTEGER", nullable: false),
                    Veto = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolItemResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolItemResults_SchoolResults_SchoolResultId",
                        column: x => x.SchoolResultId,
                        principalTable: "SchoolResults",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_RoundId",
                table: "Assessments",
                column: "RoundId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRounds_OwnerSchoolId",
                table: "EvaluationRounds",
                column: "OwnerSchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRounds_StandardId_Year",
                table: "EvaluationRounds",
                columns: new[] { "StandardId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolItemResults_SchoolResultId",
                table: "SchoolItemResults",
                column: "SchoolResultId");

            migrationBuilder.CreateIndex(
                name: "IX_SchoolItemResults_StandardId_Year_ItemCode",
                table: "SchoolItemResults",
                columns: new[] { "StandardId", "Year", "ItemCode" });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolResults_SchoolId_StandardId_Year",
                table: "SchoolResults",
                columns: new[] { "SchoolId", "StandardId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolResults_StandardId_Year_Total",
                table: "SchoolResults",
                columns: new[] { "StandardId", "Year", "Total" });

            migrationBuilder.AddForeignKey(
                name: "FK_Assessments_EvaluationRounds_RoundId",
                table: "Assessments",
                column: "RoundId",
                principalTable: "EvaluationRounds",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Assessments_EvaluationRounds_RoundId",
                table: "Assessments");

            migrationBuilder.DropTable(
                name: "EvaluationRounds");

            migrationBuilder.DropTable(
                name: "SchoolItemResults");

            migrationBuilder.DropTable(
                name: "SchoolResults");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_RoundId",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "RoundId",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "ScheduledOn",
                table: "Assessments");
        }
    }
}
