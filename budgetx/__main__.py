from budgetx.cli.app import app

# Guarded: worker processes (multiprocessing spawn) may import the main module.
if __name__ == "__main__":
    app(prog_name="budgetx")
