"""Procedure statecharts: a project's dated events against its policy's deadlines, in working days."""
