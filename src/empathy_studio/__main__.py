from empathy_studio.cli.main import app

app(prog_name="empathy")
