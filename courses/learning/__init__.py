"""The trainee's learning: course structure (modules, activities), results and completion, My learning."""
