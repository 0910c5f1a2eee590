from budgetx.cli import app

app(prog_name="budgetx")
